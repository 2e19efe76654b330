import type { EndpointDefinition } from './scenario-types.js';
export declare const externalData: EndpointDefinition;
export declare const cacheWrite: EndpointDefinition;
export declare const cacheRead: EndpointDefinition;
export declare const heavyComputation: EndpointDefinition;
export declare const errorProne: EndpointDefinition;
export declare const health: EndpointDefinition;
export declare function weighted(endpoint: EndpointDefinition, weight: number, changes?: Partial<EndpointDefinition>): EndpointDefinition;
