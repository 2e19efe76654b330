import { BadGatewayException, Controller, Get } from '@nestjs/common';
import { isResilienceError } from '@app/resilience';
import { ExternalDataService, type ExternalData } from './external-data.service.js';

@Controller('api/external-data')
export class ExternalDataController {
  constructor(private readonly external: ExternalDataService) {}

  @Get()
  async get(): Promise<ExternalData> {
    try {
      return await this.external.fetch();
    } catch (error) {
      // Library errors (open breaker, full bulkhead, timeout, pool down) keep their own answers.
      if (isResilienceError(error)) throw error;
      throw new BadGatewayException(`The upstream failed: ${upstreamReason(error)}`);
    }
  }
}

function upstreamReason(error: unknown): string {
  const status = (error as { response?: { status?: unknown } }).response?.status;
  if (typeof status === 'number') return `it answered ${status}`;
  return error instanceof Error ? error.message : String(error);
}
