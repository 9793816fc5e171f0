// Creates a fresh PGlite data folder and exits: run by pglite.ts in a process of its own, so that
// the memory initdb needs (a second PostgreSQL instance, a copy of its heap, the folder as a tar)
// goes back to the system with this process instead of staying in the collector's.
import { PGlite } from '@electric-sql/pglite'

const db = await PGlite.create({ dataDir: process.argv[2] })
await db.close()
