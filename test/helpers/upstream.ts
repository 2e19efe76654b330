// The controllable HTTP upstream, shared with the example app.
export { startUpstreamStub } from '../../apps/example/src/embedded/upstream-stub.js';
export type { UpstreamStub, UpstreamStubOptions } from '../../apps/example/src/embedded/upstream-stub.js';
