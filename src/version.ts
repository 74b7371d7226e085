// Kept in sync with package.json by test/version.test.ts; a literal so --version reads no file.
export const VERSION = '0.1.0';
