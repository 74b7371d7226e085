import type { ErrorClass } from '../spec/index.js';
import type { ErrorBucket } from './types.js';

/**
 * Folds the adapter's error classes into the buckets bench reports. The HTTP status decides first,
 * because "429" and "5xx" are what a reader compares across providers.
 */
export function errorBucketOf(errorClass: ErrorClass | null, httpStatus: number | null | undefined): ErrorBucket {
  if (httpStatus === 429) return '429';
  if (httpStatus !== null && httpStatus !== undefined && httpStatus >= 500) return '5xx';
  switch (errorClass) {
    case 'rate_limit':
      return '429';
    case 'server':
    case 'overloaded':
      return '5xx';
    case 'timeout':
      return 'timeout';
    case 'network':
      return 'network';
    default:
      return 'other';
  }
}
