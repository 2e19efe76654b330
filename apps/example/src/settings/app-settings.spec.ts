import { readAppSettings } from './app-settings.js';

describe('readAppSettings', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readAppSettings({})).toEqual({ port: 8000, host: undefined, errorRate: 0.5, adminToken: undefined, shutdownTimeoutMs: 10_000 });
  });

  it('reads every variable', () => {
    const s = readAppSettings({ PORT: '9001', HOST: '127.0.0.1', ERROR_RATE: '0.25', ADMIN_TOKEN: 't0ken', SHUTDOWN_TIMEOUT: '2.5' });
    expect(s).toEqual({ port: 9001, host: '127.0.0.1', errorRate: 0.25, adminToken: 't0ken', shutdownTimeoutMs: 2500 });
  });

  it('names every bad variable in one error', () => {
    expect(() => readAppSettings({ PORT: 'eighty', ERROR_RATE: '1.5' })).toThrow(
      /PORT: must be an integer from 0 to 65535, got "eighty"[\s\S]*ERROR_RATE: must be a number from 0 to 1, got "1.5"/,
    );
  });

  it('treats an empty ADMIN_TOKEN as unset, so the admin endpoints stay off', () => {
    expect(readAppSettings({ ADMIN_TOKEN: '' }).adminToken).toBeUndefined();
  });
});
