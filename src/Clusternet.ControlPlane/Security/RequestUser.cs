using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security;

/// <summary>Where the pipeline keeps the user a request acts as, for the stages after authentication.</summary>
internal static class RequestUser
{
    private static readonly object Key = new();

    /// <summary>The user set by authentication (and impersonation); anonymous before that.</summary>
    public static UserInfo Get(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is UserInfo user ? user : UserInfo.Anonymous;

    /// <summary>Records the user the rest of the pipeline acts as.</summary>
    public static void Set(HttpContext context, UserInfo user) => context.Items[Key] = user;
}
