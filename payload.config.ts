import { buildPortalConfig } from './src/config'

/** Composes the content plugins (see src/config.ts); settings come from the environment. */
export default buildPortalConfig()
