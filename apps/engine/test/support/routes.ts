import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppModule, type AppDependencies } from '../../src/app.module';

/** Every route the app module's controllers register, as `METHOD /path/:param`. */
export function registeredRoutes(): string[] {
  const controllers = AppModule.create({} as AppDependencies).controllers ?? [];
  const routes: string[] = [];
  for (const controller of controllers) {
    const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    const proto = (controller as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = (proto as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      for (const b of base) {
        for (const p of [paths].flat()) routes.push(`${RequestMethod[method]} /${[b, p].join('/').split('/').filter(Boolean).join('/')}`);
      }
    }
  }
  return routes;
}

