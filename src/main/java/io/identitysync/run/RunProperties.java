package io.identitysync.run;

/**
 * The exchange properties the routes (routes/*.camel.yaml) and the run's beans share: the whole contract between
 * the YAML and the Java, in one place. A route file names them as plain strings; Java code uses these constants.
 */
public final class RunProperties {

    // Set by whoever starts a run (its schedule route, the webhooks-in worker, IdentitySyncApp.run).
    /** The connector's id: names its rows, events, files, metrics and schedule routes. */
    public static final String CONNECTOR = "connector";

    // Set from the connector's configuration as its run starts (ConnectorKeys, the connector-run route's first step).
    /** Its source's type id (factorial, teamtailor): the run calls direct:&lt;source&gt;-resources and -request. */
    public static final String SOURCE = "source";
    /** Every non-secret key under its prefix, named in camelCase (a Map): {@code ${exchangeProperty.connectorKeys[pageSize]}}. */
    public static final String CONNECTOR_KEYS = "connectorKeys";
    /** Where the connector's keys start: {@code factorial.} or {@code connectors.<id>.}. */
    public static final String KEY_PREFIX = "keyPrefix";
    /** The configured base URL: every request, and every followed link, stays on its origin. */
    public static final String BASE_URL = "baseUrl";
    /** Connection and response timeouts of the HTTP endpoint, in milliseconds. */
    public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    public static final String READ_TIMEOUT_MS = "readTimeoutMs";

    // Set by a source's <type>-resources route, for each resource it reads.
    /** The resource being read (employees, teams …): also the name of the mapping method. */
    public static final String RESOURCE = "resource";
    /** The endpoint that reads a page: {@code bean:sourcePages?method=cursorPage} or a source's own. */
    public static final String PAGINATOR = "paginator";
    /** The bean that maps a page's records, one method per resource. */
    public static final String MAPPING = "mapping";
    /** Link pagination: the URL of the next page (the first, before the read starts). */
    public static final String NEXT_URL = "nextUrl";

    // Kept by the page readers (SourcePages) while a resource is read.
    /** Pages of the resource read so far. */
    public static final String PAGE = "page";
    public static final String HAS_NEXT_PAGE = "hasNextPage";
    /** Cursor pagination: the cursor of the next page. */
    public static final String CURSOR = "cursor";
    /** Cursors or links already followed, to stop a loop. */
    public static final String CURSORS_SEEN = "cursorsSeen";
    /** Records read, against the total the API promised. */
    public static final String RECORDS_SEEN = "recordsSeen";

    // Kept by the request loop (SourceRequests) around each request.
    /** True while the request must be sent again. */
    public static final String RETRY_REQUEST = "retryRequest";
    /** "GET /path?query" of the request, for messages (never a header). */
    public static final String REQUEST = "request";
    public static final String REQUEST_ATTEMPTS = "requestAttempts";
    public static final String RATE_LIMIT_WAITS = "rateLimitWaits";
    public static final String REQUEST_STARTED_NANOS = "requestStartedNanos";
    /** How long the last page took to fetch, for the page log line. */
    public static final String FETCH_MILLIS = "fetchMillis";
    /** How long the run paused for the API's rate window. */
    public static final String PACED_MILLIS = "pacedMillis";

    // Kept by the run life-cycle (SyncRuns).
    /** How messages name the source: Factorial, Teamtailor. */
    public static final String SOURCE_NAME = "sourceName";
    /** The key of the credential a request used, when it is not &lt;prefix&gt;api-token (OAuth: &lt;prefix&gt;oauth.refresh-token). */
    public static final String CREDENTIAL_KEY = "credentialKey";
    public static final String RUN_ID = "runId";
    /** running, succeeded, failed or refused; planned for a dry run. */
    public static final String RUN_STATUS = "runStatus";
    /** A dry run's plan (a RunPlan): what committing it would have changed. */
    public static final String RUN_PLAN = "runPlan";
    /** Why a run failed or was refused, scrubbed of secrets. */
    public static final String RUN_ERROR = "runError";
    public static final String RUN_STARTED_AT = "runStartedAt";
    /** The run's day (a LocalDate, from the application's clock): start and termination dates are compared with it. */
    public static final String TODAY = "today";
    /** What a run reads: full, or incremental (set by its schedule, or --once --incremental); targeted runs have a scope. */
    public static final String RUN_KIND = "runKind";
    /** An incremental run's changed people, as its source's change reads collect them (a Set of external ids). */
    public static final String CHANGED = "changed";
    /** True when an incremental run found nothing changed: it reads nothing more. */
    public static final String NOTHING_CHANGED = "nothingChanged";
    /** When an incremental run reads changes from (ISO-8601), for its log line. */
    public static final String CHANGED_SINCE = "changedSince";
    /** How far before the last successful run's start an incremental run reads from (&lt;prefix&gt;incremental-overlap). */
    public static final String INCREMENTAL_OVERLAP = "incrementalOverlap";
    /** A targeted run's people (a Collection of external ids), from the notifications that asked for it; absent for a full run. */
    public static final String SCOPE = "scope";
    /** The extra query of a request that reads only the scope's records (source-specific), or "". */
    public static final String FILTER = "filter";
    /** True for a run that plans and changes nothing: every run with --dry-run, or one a caller asked to preview (POST /api/people/{who}/sync). */
    public static final String DRY_RUN = "dryRun";
    /** sync --person: what the run read, mapped and staged for its one person (a PersonTrace); absent otherwise. */
    public static final String PERSON_TRACE = "personTrace";

    private RunProperties() {
    }
}
