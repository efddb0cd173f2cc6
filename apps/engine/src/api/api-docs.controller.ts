import { Controller, Get } from '@nestjs/common';
import { OPENAPI_DOCUMENT } from './openapi';

/** `GET /v2/api-docs`: the OpenAPI document of the REST API. */
@Controller('v2')
export class ApiDocsController {
  @Get('api-docs')
  document() {
    return OPENAPI_DOCUMENT;
  }
}
