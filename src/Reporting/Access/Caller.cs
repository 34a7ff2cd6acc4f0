namespace Reporting.Access;

public enum Role
{
    FocalPoint,
    Secretariat,
    Admin,
}

/// <summary>Who is calling: an API key's holder or an App Service Authentication principal.</summary>
public sealed record Caller(string Id, Role Role, string? State, string Label)
{
    /// <summary>The secretariat reviews; admins hold every secretariat right too, so a small team can run with one admin.</summary>
    public bool IsSecretariat => Role is Role.Secretariat or Role.Admin;

    public bool IsAdmin => Role is Role.Admin;

    /// <summary>A focal point may act only for its own state; the secretariat for every state.</summary>
    public bool MayActFor(string state) => IsSecretariat || (Role == Role.FocalPoint && string.Equals(State, state, StringComparison.Ordinal));
}

/// <summary>What an endpoint asks of its caller before its handler runs.</summary>
public enum Requirement
{
    Anonymous,
    Authenticated,
    Secretariat,
    Admin,
}
