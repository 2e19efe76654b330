/**
 * Puts every controller route under its rate limit, breaker, timeout and bulkhead(s) by replacing
 * the route's method, on the controller instance, with a binding (route-handler-binding.ts), before
 * Nest binds the routes.
 *
 * Why not a global interceptor and guard, as before: Nest's interceptor pipeline alone (an
 * interceptor that does nothing) cost about 20% of a tiny route's throughput on Fastify, and its
 * guard pipeline (a guard that returns true) about 3% (`npm run bench:http`), more than all of the
 * policies' own work. A binding runs the same policies around the same method, on both adapters
 * alike, and errors still flow through the app's exception filters. The price: the rate limit now
 * counts after the app's guards and pipes rather than before them (which also lets a `keyBy`
 * function read what an authentication guard put on the request).
 *
 * How the binding learns its response (and, through it, its request): for each bound method the
 * binder adds a hidden `@Res({ passthrough: true })` parameter after the method's own, so Nest passes
 * the response as one extra argument (passthrough: Nest still sends what the method returns; a
 * method that takes `@Res()` or `@Next()` itself keeps answering as it declared). That is class
 * metadata, read once when Nest binds the route; it is taken off again in `onModuleInit` (after the
 * routes are bound), so the class is left as it was for other apps in the same process (apps
 * starting at the same time share the parameter; the last one to finish routing takes it off).
 *
 * Request-scoped controllers get a new instance per request, after init, so they cannot be bound:
 * for them the binder attaches the resilience interceptor as a controller-level interceptor, which
 * does the same work on the slower path, until the app shuts down.
 *
 * When: `bindRoutes()` runs from the module's `configure()` (before routes are bound), after the
 * explorer has wrapped decorated methods, so a route's policies sit outside its methods' own.
 */
import { Inject, Injectable, Res, type OnApplicationShutdown, type OnModuleInit, type Type } from '@nestjs/common';
import {
  INTERCEPTORS_METADATA,
  PATH_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
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

/** A hidden response parameter on one method of a controller class, and how many apps are using it. */
interface HiddenParameter {
  readonly index: number;
  users: number;
  /** The method's own ROUTE_ARGS_METADATA and passthrough flag before it was added, to put back. */
  readonly ownArgsBefore: unknown;
  readonly ownPassthroughBefore: unknown;
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
    if (!this.routes.bindsRoutes) return;
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
      const responseIndex = this.addResponseParameter(prototype, methodName, declared);
      const signalIndex = Reflect.getMetadata(RESILIENCE_SIGNAL_METADATA, declared) as number | undefined;
      const binding = bindRouteHandler(current as (this: unknown, ...args: unknown[]) => unknown, {
        responseIndex,
        signalIndex: signalIndex ?? -1,
        resolve: (request) => this.routes.forRoute(binding, controller, request),
      });
      copyMetadata(current, binding);
      Object.defineProperty(instance, methodName, { value: binding, writable: true, configurable: true, enumerable: false });
    }
  }

  /**
   * Adds the hidden response parameter after every other one; returns its index. An app starting
   * while another one with the same controller class has not yet bound its routes shares that
   * app's parameter, and the last of them to finish routing takes it off.
   */
  private addResponseParameter(prototype: object, methodName: string, declared: RouteHandler): number {
    const controller = prototype.constructor;
    const perClass = hiddenParameters.get(controller) ?? new Map<string, HiddenParameter>();
    hiddenParameters.set(controller, perClass);
    let hidden = perClass.get(methodName);
    if (hidden === undefined) {
      const params = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<string, { index: number }>;
      const paramTypes = (Reflect.getMetadata('design:paramtypes', prototype, methodName) as unknown[] | undefined)?.length ?? 0;
      const index = Math.max(declared.length, paramTypes, ...Object.values(params).map((p) => p.index + 1));
      hidden = {
        index,
        users: 0,
        ownArgsBefore: Reflect.getOwnMetadata(ROUTE_ARGS_METADATA, controller, methodName),
        ownPassthroughBefore: Reflect.getOwnMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, methodName),
      };
      perClass.set(methodName, hidden);
      // Passthrough unless the method takes the response or `next` itself: then it answers as before.
      Res({ passthrough: !answersItself(params) })(prototype, methodName, index);
    }
    const shared = hidden;
    shared.users++;
    this.afterRouting.push(() => {
      if (--shared.users > 0) return;
      perClass.delete(methodName);
      restoreOwnMetadata(ROUTE_ARGS_METADATA, shared.ownArgsBefore, controller, methodName);
      restoreOwnMetadata(RESPONSE_PASSTHROUGH_METADATA, shared.ownPassthroughBefore, controller, methodName);
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

/** Whether a method's own parameters include `@Res()` or `@Next()` (keys are `<paramtype>:<index>`). */
function answersItself(params: Record<string, unknown>): boolean {
  return Object.keys(params).some((key) => {
    const type = key.split(':')[0];
    return type === String(RouteParamtypes.RESPONSE) || type === String(RouteParamtypes.NEXT);
  });
}

function restoreOwnMetadata(key: string, before: unknown, target: object, methodName: string): void {
  if (before === undefined) Reflect.deleteMetadata(key, target, methodName);
  else Reflect.defineMetadata(key, before, target, methodName);
}
