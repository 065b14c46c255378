package io.identitysync.model;

/**
 * One element of a person's pay (Factorial: a compensation of a contract version). Sensitive: read only when a
 * connector asks for it, never in events unless webhooks.compensation-events allows it, never in logs.
 *
 * @param employmentId the employment (contract version) it belongs to; the staging finds the person from it
 * @param amount       in the currency's minor unit (cents), as the source gives it
 * @param period       how often it is paid ({@code monthly}, {@code yearly}, {@code one_time}…), as the source says
 */
public record CanonicalCompensation(
        String externalId,
        String employmentId,
        String concept,
        String compensationType,
        String amount,
        String currency,
        String unit,
        String period,
        String periodCount,
        String startsOn,
        String firstPaymentOn) {

    public CanonicalCompensation {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("a compensation needs an external id");
        }
    }
}
