import { BadRequestException, Controller, Get, InternalServerErrorException, Query } from '@nestjs/common';
import { ErrorProneService, SimulatedFailureError } from './error-prone.service.js';

@Controller('api/error-prone')
export class ErrorProneController {
  constructor(private readonly errorProne: ErrorProneService) {}

  /** Fails at ERROR_RATE (or `?rate=` from 0 to 1); behind the `error_prone` breaker. */
  @Get()
  async call(@Query('rate') rate?: string): Promise<{ status: 'ok'; errorRate: number }> {
    try {
      return await this.errorProne.call(parseRate(rate));
    } catch (error) {
      if (error instanceof SimulatedFailureError) throw new InternalServerErrorException(error.message);
      throw error;
    }
  }
}

function parseRate(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new BadRequestException(`rate: must be a number from 0 to 1, got ${JSON.stringify(text)}`);
  return rate;
}
