/**
 * The web console at {@code /console/} on the management port ({@code management.console-enabled}, off by default):
 * server-rendered pages over the management API, signed in with the API's own tokens. Reads go to the store the way
 * the commands read it; every action goes through {@link io.identitysync.api.ManagementApi#handle}, so the console
 * refuses, audits and answers exactly as the API does.
 */
package io.identitysync.console;
