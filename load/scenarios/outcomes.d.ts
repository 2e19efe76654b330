import type { EndpointDefinition, RateLimitPolicy } from './scenario-types.js';
export type Outcome = 'ok' | 'degraded' | 'shed' | 'error';
export declare function classifyStatus(endpoint: EndpointDefinition, status: number, rateLimit: RateLimitPolicy): Outcome;
export declare function isFallbackBody(body: string | null | undefined): boolean;
export declare function weightedSequence(endpoints: EndpointDefinition[]): EndpointDefinition[];
export declare function pickEndpoint(endpoints: EndpointDefinition[], random: number): EndpointDefinition;
