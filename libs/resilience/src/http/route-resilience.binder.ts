/**
 * Puts every controller route under its breaker → timeout → bulkhead(s) by replacing the route's
 * method, on the controller instance, with a binding (route-handler-binding.ts), before Nest binds
 * the routes. The rate limit stays a global guard (rate-limit.guard.ts).
 *
 * Why not a global interceptor, as before: Nest's interceptor pipeline alone (an interceptor that
 * does nothing) cost about 20% of a tiny route's throughput on Fastify (`npm run bench:http`), more
 * than all of the policies' own work. A binding runs the same policies around the same method, on
 * both adapters alike, and errors still flow through the app's exception filters.
 *
 * How the binding learns its request: for each bound method the binder adds a hidden `@Req()`
 * parameter after the method's own, so Nest passes the request as one extra argument. That is class
 * metadata, read once when Nest binds the route; it is taken off again in `onModuleInit` (after
 * the routes are bound), so the class is left as it was for other apps in the same process (apps
 * starting at the same time share the parameter; the last one to finish routing takes it off).
 *
 * Request-scoped controllers get a new instance per request, after init, so they cannot be bound:
 * for them the binder attaches the resilience interceptor as a controller-level interceptor, which
 * does the same work on the slower path, until the app shuts down.
 *
 * When: `bindRoutes()` runs from the module's `configure()` (before routes are bound), after the
 * explorer has wrapped decorated methods, so a route's policies sit outside its methods' own.
 */
import { Inject, Injectable, Req, type OnApplicationShutdown, type OnModuleInit, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA, SSE_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { copyMetadata, ResilienceExplorer } from '../nest/resilience-explorer.js';
import { RESILIENCE_SIGNAL_METADATA } from './http-tokens.js';
import { ResilienceInterceptor } from './resilience.interceptor.js';
import { bindRouteHandler } from './route-handler-binding.js';
import { RouteResilienceRegistry, type RouteHandler } from './route-resilience.registry.js';

interface ControllerWrapperLike {
  readonly instance: unknown;
  readonly metatype?: unknown;
  isDependencyTreeStatic(): boolean;
}

/** A hidden request parameter on one method of a controller class, and how many apps are using it. */
interface HiddenParameter {
  readonly index: number;
  users: number;
  /** The method's own ROUTE_ARGS_METADATA before it was added, to put back. */
  readonly ownBefore: unknown;
}

/** Per process: apps that start at the same time share a class's metadata. */
const hiddenParameters = new WeakMap<object, Map<string, HiddenParameter>>();

@Injectable()
export class RouteResilienceBinder implements OnModuleInit, OnApplicationShutdown {
  private bound = false;
  /** Undo steps: hidden parameters to take off after routing, interceptors to detach at shutdown. */
  private readonly afterRouting: (() => void)[] = [];
  private readonly atShutdown: (() => void)[] = [];

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(RouteResilienceRegistry) private readonly routes: RouteResilienceRegistry,
    @Inject(ResilienceInterceptor) private readonly interceptor: ResilienceInterceptor,
  ) {}

  /** Binds every route of every controller, once. */
  bindRoutes(): void {
    if (this.bound) return;
    this.bound = true;
    if (!this.routes.appliesPolicies) return;
    this.explorer()?.explore();
    for (const wrapper of this.discovery.getControllers() as unknown as ControllerWrapperLike[]) {
      if (wrapper.isDependencyTreeStatic()) this.bindController(wrapper.instance);
      else this.interceptRequestScoped(wrapper.metatype);
    }
  }

  onModuleInit(): void {
    for (const undo of this.afterRouting.splice(0)) undo();
  }

  onApplicationShutdown(): void {
    for (const undo of this.atShutdown.splice(0)) undo();
  }

  private explorer(): ResilienceExplorer | undefined {
    try {
      return this.moduleRef.get(ResilienceExplorer, { strict: false });
    } catch {
      return undefined; // ResilienceHttpModule on its own: no decorated methods to wrap first
    }
  }

  private bindController(instance: unknown): void {
    if (typeof instance !== 'object' || instance === null) return;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
    if (prototype === null) return;
    const controller = (instance as object).constructor as Type;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const declared = prototype[methodName] as RouteHandler;
      if (!isRoute(declared) || Reflect.getMetadata(SSE_METADATA, declared)) continue; // a stream has no single outcome
      const current = (instance as Record<string, RouteHandler>)[methodName]; // the explorer's wrapper, if any
      const requestIndex = this.addRequestParameter(prototype, methodName, declared);
      const signalIndex = Reflect.getMetadata(RESILIENCE_SIGNAL_METADATA, declared) as number | undefined;
      const binding = bindRouteHandler(current as (this: unknown, ...args: unknown[]) => unknown, {
        requestIndex,
        signalIndex: signalIndex ?? -1,
        resolve: (request) => this.routes.forRoute(binding, controller, request),
      });
      copyMetadata(current, binding);
      Object.defineProperty(instance, methodName, { value: binding, writable: true, configurable: true, enumerable: false });
    }
  }

  /**
   * Adds the hidden `@Req()` parameter after every other one; returns its index. An app starting
   * while another one with the same controller class has not yet bound its routes shares that
   * app's parameter, and the last of them to finish routing takes it off.
   */
  private addRequestParameter(prototype: object, methodName: string, declared: RouteHandler): number {
    const controller = prototype.constructor;
    const perClass = hiddenParameters.get(controller) ?? new Map<string, HiddenParameter>();
    hiddenParameters.set(controller, perClass);
    let hidden = perClass.get(methodName);
    if (hidden === undefined) {
      const params = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<string, { index: number }>;
      const paramTypes = (Reflect.getMetadata('design:paramtypes', prototype, methodName) as unknown[] | undefined)?.length ?? 0;
      const index = Math.max(declared.length, paramTypes, ...Object.values(params).map((p) => p.index + 1));
      hidden = { index, users: 0, ownBefore: Reflect.getOwnMetadata(ROUTE_ARGS_METADATA, controller, methodName) };
      perClass.set(methodName, hidden);
      Req()(prototype, methodName, index);
    }
    const shared = hidden;
    shared.users++;
    this.afterRouting.push(() => {
      if (--shared.users > 0) return;
      perClass.delete(methodName);
      if (shared.ownBefore === undefined) Reflect.deleteMetadata(ROUTE_ARGS_METADATA, controller, methodName);
      else Reflect.defineMetadata(ROUTE_ARGS_METADATA, shared.ownBefore, controller, methodName);
    });
    return shared.index;
  }

  private interceptRequestScoped(metatype: unknown): void {
    if (typeof metatype !== 'function') return;
    const before = Reflect.getOwnMetadata(INTERCEPTORS_METADATA, metatype) as unknown[] | undefined;
    const inherited = (Reflect.getMetadata(INTERCEPTORS_METADATA, metatype) as unknown[] | undefined) ?? [];
    // An instance, not the class: Nest resolves class interceptors while scanning, which is over.
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [this.interceptor, ...inherited], metatype);
    this.atShutdown.push(() => {
      if (before === undefined) Reflect.deleteMetadata(INTERCEPTORS_METADATA, metatype);
      else Reflect.defineMetadata(INTERCEPTORS_METADATA, before, metatype);
    });
  }
}

function isRoute(method: unknown): method is RouteHandler {
  return typeof method === 'function' && Reflect.getMetadata(PATH_METADATA, method) !== undefined;
}
