import { NextResponse, type NextRequest } from 'next/server';
import { BAD_ADDRESS_PAGE, pathDecodes } from '@/perimeter/page-address';

/** An address that cannot be decoded names no page: a clean 400 rather than a failure deep in rendering. */
export function proxy(request: NextRequest) {
  if (!pathDecodes(request.nextUrl.pathname)) {
    return new NextResponse(BAD_ADDRESS_PAGE, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  return NextResponse.next();
}

export const config = {
  // Static assets never carry odd encodings that matter; the rest is checked.
  matcher: ['/((?!_next/static|_next/image|icon.svg).*)'],
};
