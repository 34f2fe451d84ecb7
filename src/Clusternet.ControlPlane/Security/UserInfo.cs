namespace Clusternet.ControlPlane.Security;

/// <summary>
/// Who a request acts as, after authentication and impersonation: kube-apiserver's <c>user.Info</c>. Authorization,
/// admission and the review APIs read it; the aggregator forwards it to backends as <c>X-Remote-*</c> headers.
/// </summary>
/// <param name="Name">The user name, such as <c>system:serviceaccount:ns:sa</c> or <c>system:bootstrap:abcdef</c>.</param>
/// <param name="Uid">A unique id for the user; empty when the authenticator has none.</param>
/// <param name="Groups">The groups, <c>system:authenticated</c> included for every authenticated user.</param>
/// <param name="Extra">Additional attributes (keys lower-case), such as a service account token's pod or credential id.</param>
internal sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>Every authenticated user is in this group.</summary>
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>The group of the anonymous user.</summary>
    public const string UnauthenticatedGroup = "system:unauthenticated";

    /// <summary>The anonymous user's name.</summary>
    public const string AnonymousName = "system:anonymous";

    /// <summary>Members of this group pass authorization without RBAC, as with kube-apiserver's privileged group.</summary>
    public const string MastersGroup = "system:masters";

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoExtra = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The anonymous user, for the endpoints that admit it.</summary>
    public static UserInfo Anonymous { get; } = new(AnonymousName, string.Empty, [UnauthenticatedGroup], NoExtra);

    /// <summary>A user with the given name and groups and no extra attributes; <c>system:authenticated</c> is added.</summary>
    public static UserInfo Authenticated(string name, string uid, IEnumerable<string> groups) =>
        new(name, uid, [.. groups.Where(g => g != AuthenticatedGroup).Distinct(StringComparer.Ordinal), AuthenticatedGroup], NoExtra);

    /// <summary>Whether the user is in <paramref name="group"/>.</summary>
    public bool InGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
