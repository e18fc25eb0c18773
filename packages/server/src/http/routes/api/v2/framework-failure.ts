import type { FrameworkFailure } from '../../../framework-errors.js';
import { RETRY_AFTER_SECONDS } from '../../../dependency-unavailable.js';
import { ApiError, badRequest, serviceUnavailable } from './api-error.js';
import { validationFailure } from './validation-failure.js';

/** A framework failure in Data API terms: Webflow has no 413 or 415 code, so both are `bad_request`. */
export function fromFrameworkFailure(failure: FrameworkFailure): ApiError {
  switch (failure.kind) {
    case 'validation':
      return validationFailure(failure.validation, failure.context);
    case 'body_too_large':
      return badRequest('Bad Request: the body is too large');
    case 'unsupported_media_type':
      return badRequest('Bad Request: send the body as application/json');
    case 'client_error':
      return badRequest(`Bad Request: ${failure.message}`);
    case 'unavailable':
      return serviceUnavailable(RETRY_AFTER_SECONDS);
    case 'fault':
      return new ApiError('internal_error');
  }
}
