package io.identitysync.cli.support;

/** How a command that reports prints: for a person ({@code text}) or for a script ({@code json}). */
public enum Format {
    text, json
}
