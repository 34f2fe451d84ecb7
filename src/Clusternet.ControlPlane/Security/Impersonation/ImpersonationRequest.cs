using Clusternet.ControlPlane.Admission;

namespace Clusternet.ControlPlane.Security.Impersonation;

/// <summary>
/// One thing a request asks to act as, read from its <c>Impersonate-*</c> headers, and the <c>impersonate</c> check it
/// needs: the caller must be allowed that verb on <see cref="Resource"/> (in <see cref="ApiGroup"/>, with
/// <see cref="Name"/>, and for service accounts in <see cref="Namespace"/>) — kube-apiserver's impersonation filter.
/// </summary>
/// <param name="Kind">User, ServiceAccount, Group, UserExtra or UID, as upstream names the requests in its messages.</param>
/// <param name="Resource">The resource checked: users, serviceaccounts, groups, userextras or uids.</param>
/// <param name="ApiGroup">The core group for users, service accounts and groups; <c>authentication.k8s.io</c> for extras and uids.</param>
/// <param name="Namespace">The service account's namespace; null otherwise.</param>
/// <param name="Name">The user, service account, group, extra value or uid.</param>
/// <param name="ExtraKey">The extra's key (lower-cased, percent-decoded); it is the checked subresource.</param>
internal sealed record ImpersonationRequest(string Kind, string Resource, string ApiGroup, string? Namespace, string Name, string? ExtraKey = null)
{
    public const string UserHeader = "Impersonate-User";
    public const string GroupHeader = "Impersonate-Group";
    public const string UidHeader = "Impersonate-Uid";
    public const string ExtraHeaderPrefix = "Impersonate-Extra-";

    private const string AuthenticationGroup = "authentication.k8s.io";
    private const string AuthenticationVersion = "authentication.k8s.io/v1";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    public static ImpersonationRequest ForUser(string name) =>
        TrySplitServiceAccount(name) is { } sa
            ? new ImpersonationRequest("ServiceAccount", "serviceaccounts", string.Empty, sa.Namespace, sa.Name)
            : new ImpersonationRequest("User", "users", string.Empty, null, name);

    public static ImpersonationRequest ForGroup(string name) => new("Group", "groups", string.Empty, null, name);

    public static ImpersonationRequest ForExtra(string key, string value) => new("UserExtra", "userextras", AuthenticationGroup, null, value, key);

    public static ImpersonationRequest ForUid(string uid) => new("UID", "uids", AuthenticationGroup, null, uid);

    /// <summary>
    /// <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> with a valid namespace (DNS label) and name (DNS subdomain); any
    /// other user name, even with that prefix, is an ordinary user, as upstream's <c>serviceaccount.SplitUsername</c> decides.
    /// </summary>
    public static (string Namespace, string Name)? TrySplitServiceAccount(string userName)
    {
        if (!userName.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = userName[ServiceAccountPrefix.Length..].Split(':');
        if (parts is not [var ns, var name] || ObjectNames.IsDns1123Label(ns).Count > 0 || ObjectNames.IsDns1123Subdomain(name).Count > 0)
        {
            return null;
        }

        return (ns, name);
    }

    /// <summary>
    /// Go's <c>%v</c> of the <c>ObjectReference</c> upstream builds for this request (fields Kind, Namespace, Name, UID,
    /// APIVersion, ResourceVersion, FieldPath separated by spaces), which its "without impersonating a user" error lists.
    /// </summary>
    public override string ToString()
    {
        var apiVersion = ApiGroup.Length == 0 ? string.Empty : AuthenticationVersion;
        return "{" + string.Join(' ', Kind, Namespace ?? string.Empty, Name, string.Empty, apiVersion, string.Empty, ExtraKey ?? string.Empty) + "}";
    }
}
