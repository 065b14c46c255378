package io.identitysync.model;

/**
 * One version of a person's employment (Factorial: a contract version): what they do, from when, on what terms.
 * A person has a history of them; {@link Employments} picks the one in force.
 *
 * @param effectiveOn the day this version takes effect (ISO date)
 * @param startsOn    the day the employment began (the hire date), where the source says
 * @param endsOn      the day it ends, where known
 * @param title       the job title the version names, or null (then the job level's role, if any, names it)
 * @param jobLevelId  the source's job catalog level, resolved to a title through {@link JobLevel}s of the same run
 */
public record CanonicalEmployment(
        String externalId,
        String userExternalId,
        String effectiveOn,
        String startsOn,
        String endsOn,
        String title,
        String jobLevelId,
        String employmentType,
        String legalEntityId,
        String workingHours,
        String workingHoursFrequency) {

    public CanonicalEmployment {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("an employment needs an external id");
        }
        if (userExternalId == null || userExternalId.isBlank()) {
            throw new IllegalArgumentException("an employment needs the external id of its user");
        }
    }
}
