// Preloaded by bun test (bunfig.toml). Tests must not depend on the developer's environment.
for (const k of Object.keys(process.env)) if (k.startsWith('DOCSERVE_')) delete process.env[k];
