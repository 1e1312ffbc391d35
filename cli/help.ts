// The --help texts. Each command's text lists its options, what it reads and its exit codes.

const CONFIG_NOTE = `Configuration: the same variables as the services (DATABASE_URL, the providers' keys and base
URLs, RANKING_DEPTH, …), from the environment and from .env in the working directory; see
.env.example.`;

const EXIT_CODES = "Exit codes: 0 ok, 1 a problem was found, 2 a usage or configuration error.";

export const MAIN_HELP = `topcoins: the top crypto assets by rank with their USD prices, from the Top Coins store or server.

Usage: topcoins <command> [options]

Commands:
  top                  the top N coins as a table, CSV or JSON (from the store, or a server with --url)
  doctor               check the configuration, each provider's key, failover and the store
  overrides suggest    coins the latest merge could not price, with candidates and ready-to-paste overrides

Options:
  -h, --help           this help; \`topcoins <command> --help\` explains a command
  -v, --version        the version

${CONFIG_NOTE}
${EXIT_CODES}
`;

export const TOP_HELP = `Usage: topcoins top [--limit N] [--offset N] [--sort KEY] [--order asc|desc]
                    [--ids IDS] [--symbols SYMBOLS] [--min-market-cap USD] [--min-volume USD]
                    [--exclude stablecoins,wrapped] [--vs CURRENCY]
                    [--fields KEYS] [--format table|csv|json] [--url URL]

Prints the top N coins with their USD prices: the same merged list as GET /api/top. Without --url
it reads the latest snapshots from the store (DATABASE_URL) and merges them as the web does; with
--url it asks a running Top Coins server.

Options:
  -n, --limit N        how many coins, 1 to RANKING_DEPTH (default: the whole depth, as the API)
      --offset N       skip the first N of the list (after --ids/--symbols and --sort), 0-based
      --sort KEY       rank (default), name, symbol, priceUsd, marketCapUsd, volume24hUsd,
                       change1hPct, change24hPct or change7dPct; coins without the value come last
      --order O        asc or desc (default: asc for rank, name and symbol, desc for the numbers)
      --ids IDS        only these coins, by Top Coins id (the API's \`id\`), comma-separated
      --symbols S      only coins with these symbols, comma-separated; a shared symbol lists all its coins
      --min-market-cap USD, --min-volume USD
                       only coins with at least this market cap, or 24 h volume, in USD
      --exclude CLASSES
                       leave out stablecoins, wrapped tokens or both (stablecoins,wrapped), as the
                       providers tag them; a coin no provider tagged is kept
      --vs CURRENCY    also give price, market cap and volume in this currency: EUR, GBP, JPY, … (the
                       API's 45 fiat currencies), BTC, ETH or SATS; the table shows them instead of USD
      --fields KEYS    the JSON keys, or the CSV columns, comma-separated (e.g. rank,symbol,name,priceUsd)
  -f, --format F       table (default), csv (the API's CSV: Rank,Symbol,Price USD) or json (the API's body)
      --url URL        a running server, e.g. http://localhost:3000 (reads /api/top)
  -h, --help           this help

${CONFIG_NOTE}
Exit codes: 0 printed; 1 no data yet, the store or the server failed, or the server refused the
request (its error is printed); 2 a usage or configuration error.
`;

export const DOCTOR_HELP = `Usage: topcoins doctor [--json]

Checks what Top Coins needs to run, one line per check, then a summary:
  - each role's provider and every fallback: is the key there when one is needed (and if not,
    which variable to set and where to get a key); then ONE cheap call per provider, reporting
    whether the key was accepted, the latency, and the plan and credits left where the provider
    tells them (CoinMarketCap's key/info costs no credits);
  - failover: ready when every fallback provider of a role answered;
  - the overrides file, and the store (DATABASE_URL): reachable, migrated, snapshots present.
API keys are never printed.

Options:
      --json           machine-readable output (one JSON object)
  -h, --help           this help

${CONFIG_NOTE}
Exit codes: 0 every check passed; 1 at least one failed; 2 a usage or configuration error.
`;

export const OVERRIDES_HELP = `Usage: topcoins overrides suggest

Subcommands:
  suggest              list the coins of the latest merge without a price (ambiguous or not listed)

Run \`topcoins overrides suggest --help\` for details.
`;

export const OVERRIDES_SUGGEST_HELP = `Usage: topcoins overrides suggest

Reads the latest ranking and price snapshots from the store, merges them with the overrides file
(OVERRIDES_FILE, default config/overrides.json) through the asset registry as the web does, and
lists every ranked coin left without a price: ambiguous (candidates with some evidence, none
certain) or not listed. For each it shows the candidates (same symbol, a name word, the slug or a
contract, from the price list and the pricing provider's coin list) with the evidence the merge
weighed (symbol, names, prices, market caps, contracts), and prints override entries ready to
paste into the "overrides" array: the strongest candidate of an unlisted coin, every candidate of
an ambiguous one (keep the right one). Check both providers' pages before adding an entry.

Options:
  -h, --help           this help

${CONFIG_NOTE}
Exit codes: 0 suggestions printed, or nothing to suggest; 1 the store has no snapshots or failed;
2 a usage or configuration error.
`;
