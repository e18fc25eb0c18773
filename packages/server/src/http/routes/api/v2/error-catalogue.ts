/**
 * Every Data API error code Gatehouse answers, with its HTTP status and default message: the one place
 * either is spelled (docs/errors.md, "Data API"; docs/webflow-wire.md, "Errors"). A test walks this
 * table against the table in docs/errors.md, both ways.
 */
export const DATA_API_ERRORS = {
  bad_request: { status: 400, message: 'Bad Request: Request is malformed' },
  validation_error: { status: 400, message: 'Validation Error: Provided value is invalid' },
  no_domains: { status: 400, message: 'No domain IDs provided' },
  invalid_domain: { status: 400, message: 'Please send a valid custom domain ID' },
  unsupported_webhook_trigger_type: { status: 400, message: 'Unsupported webhook trigger type' },
  incompatible_webhook_filter: { status: 400, message: 'A filter is supported only for form_submission webhooks' },
  not_authorized: { status: 401, message: 'Request not authorized' },
  missing_scopes: { status: 403, message: 'OAuthForbidden: You are missing the following scopes' },
  forbidden: { status: 403, message: 'User is not authorized to perform this action' },
  not_enterprise_plan_site: { status: 403, message: 'This site is not associated with an Enterprise plan' },
  not_enterprise_plan_workspace: { status: 403, message: 'This workspace is not associated with an Enterprise plan' },
  resource_not_found: { status: 404, message: 'Requested resource not found' },
  conflict: { status: 409, message: 'Conflict: the request breaks a limit or uniqueness rule' },
  too_many_requests: { status: 429, message: 'Too Many Requests' },
  internal_error: { status: 500, message: 'An Internal Error occurred' },
  service_unavailable: { status: 503, message: 'Service Unavailable: try again shortly' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof DATA_API_ERRORS;
