/**
 * The integrator's rules, in Camel's languages: who is in scope ({@code <prefix>scope}, {@code directories.<id>.scope})
 * and what an attribute becomes ({@code <prefix>map.<attribute>}, {@code directories.<id>.map.<attribute>}), compiled
 * at start and evaluated on one person at a time.
 */
package io.identitysync.rules;
