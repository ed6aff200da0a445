#!/usr/bin/env node
// Validates HAR files against the HAR 1.2 schema with Debian's node-har-validator, an
// implementation independent of tracesan. Usage: NODE_PATH=/usr/share/nodejs node validate-har.js FILE...
'use strict';
const fs = require('fs');
const validator = require('har-validator');

(async () => {
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    try {
      await validator.har(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (e) {
      failed++;
      const details = (e.errors || []).map((x) => `${x.dataPath || x.instancePath || ''} ${x.message}`).join('; ');
      console.error(`${file}: not valid HAR 1.2: ${e.message}${details ? ': ' + details : ''}`);
    }
  }
  process.exit(failed ? 1 : 0);
})();
