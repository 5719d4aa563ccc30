import { defineConfig } from 'vitest/config';

export default defineConfig({
  // amazon-cognito-identity-js still reads the Node-style `global`.
  define: { global: 'globalThis' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Hashed file names under assets/ are what lets the publisher cache them as immutable.
    assetsDir: 'assets',
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node', // files that need a DOM say so with @vitest-environment jsdom
  },
});
