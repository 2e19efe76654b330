export declare const ROUTES: {
  health: string;
  healthDetailed: string;
  healthLive: string;
  healthReady: string;
  metrics: string;
  adminUpstream: string;
  adminBreaker(name: string, action: 'force-open' | 'close' | 'reset' | 'disable'): string;
};
export declare function adminHeaders(token: string): { Authorization: string; 'Content-Type': string };
