// Records the schema of every data product version in test/contracts/data-product-schemas.json, the
// snapshot CI compares the products with. Refuses while a recorded version's schema changed: that is a new version.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dataProductCatalogue } from '../shared/domain/data-product-catalog';
import { schemaSnapshot, schemaViolations, type SchemaSnapshot } from '../shared/platform/data-products/schema-snapshot';

const FILE = new URL('../test/contracts/data-product-schemas.json', import.meta.url);
const previous = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as SchemaSnapshot) : {};
const changed = schemaViolations(dataProductCatalogue, previous).filter((p) => p.includes('new version of the product'));
if (changed.length > 0) {
  console.error(`not recorded: recorded product versions changed their schema\n  ${changed.join('\n  ')}`);
  process.exit(1);
}
writeFileSync(FILE, `${JSON.stringify({ ...previous, ...schemaSnapshot(dataProductCatalogue) }, null, 2)}\n`);
console.log(`recorded ${dataProductCatalogue.products.length} data product versions in ${FILE.pathname}`);
