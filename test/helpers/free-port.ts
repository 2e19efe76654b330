export { getFreePort } from '../../apps/example/src/embedded/free-port.js';
