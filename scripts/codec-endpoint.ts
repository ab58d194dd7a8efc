// Prints the codec-server endpoint to give a Temporal Web UI (its codec setting, or
// TEMPORAL_CODEC_ENDPOINT of a self-hosted UI): `<API_PUBLIC_URL>/codec/ui/<token>`, the token
// derived from the API key in $API_KEY (or the local key in the data folder). Needs a key with
// the `queries` (decode) and `commands` (encode) scopes, or `admin`.
//   API_KEY=... API_PUBLIC_URL=https://api.example.com npx tsx scripts/codec-endpoint.ts
import { localDevKey } from '../api/http/api-keys';
import { codecEndpointToken } from '../api/routes/codec/codec-endpoint-token';
import { loadConfig } from '../shared/app/app-config';

const config = loadConfig();
const key = process.env.API_KEY ?? localDevKey(config.dataDir).key;
console.log(`${config.claims.publicUrl}/codec/ui/${codecEndpointToken(key)}`);
