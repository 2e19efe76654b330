import { Controller, Get, Module } from '@nestjs/common';

@Controller()
class HealthStubController {
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [HealthStubController] })
export class AppModule {}
