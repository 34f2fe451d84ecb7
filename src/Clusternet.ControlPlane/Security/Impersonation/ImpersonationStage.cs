using System.Net;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Security.Authorization;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Impersonation;

/// <summary>
/// The impersonation stage, between authentication and authorization: a request with <c>Impersonate-*</c> headers acts
/// as the impersonated user once the caller is allowed the <c>impersonate</c> verb on each requested attribute.
/// </summary>
/// <remarks>
/// kube-apiserver's rules: <c>Impersonate-User</c> names the user (a <c>system:serviceaccount:ns:name</c> user is
/// checked as that service account and, without <c>Impersonate-Group</c>, gets the service-account groups);
/// <c>Impersonate-Group</c> (repeatable), <c>Impersonate-Uid</c> and <c>Impersonate-Extra-&lt;key&gt;</c> (repeatable values)
/// need a user. Each attribute is authorized for the caller in header order and the first refusal is the 403. The
/// impersonated user is in <c>system:authenticated</c> unless a requested group says otherwise (anonymous gets
/// <c>system:unauthenticated</c>). The headers are removed so that nothing later, such as the aggregator, forwards them.
/// </remarks>
internal sealed class ImpersonationStage(AuthorizationChain authorization)
{
    private const string ServiceAccountsGroup = "system:serviceaccounts";

    public AuthorizationChain Authorization { get; } = authorization;

    /// <summary>The user the request acts as: <paramref name="caller"/>, or whom it impersonates; 403 when not allowed.</summary>
    public async ValueTask<UserInfo> ImpersonateAsync(HttpContext context, UserInfo caller, CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers;
        var requests = Read(headers);
        if (requests.Count == 0)
        {
            return caller;
        }

        var groupsSpecified = headers[ImpersonationRequest.GroupHeader].Count > 0;
        var name = string.Empty;
        var uid = string.Empty;
        var groups = new List<string>();
        var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var attributes = new AuthorizationAttributes(
                caller,
                "impersonate",
                IsResourceRequest: true,
                context.Request.Path.Value ?? string.Empty,
                request.ApiGroup,
                request.ApiGroup.Length == 0 ? string.Empty : "v1",
                request.Namespace,
                request.Resource,
                request.ExtraKey,
                request.Name);
            var decision = await Authorization.DecideAsync(attributes, cancellationToken).ConfigureAwait(false);
            if (decision.Kind != AuthorizationDecisionKind.Allow)
            {
                throw AuthorizationChain.Forbidden(attributes, decision.Reason);
            }

            switch (request.Kind)
            {
                case "ServiceAccount":
                    name = "system:serviceaccount:" + request.Namespace + ":" + request.Name;
                    if (!groupsSpecified)
                    {
                        groups = [ServiceAccountsGroup, ServiceAccountsGroup + ":" + request.Namespace];
                    }

                    break;
                case "User":
                    name = request.Name;
                    break;
                case "Group":
                    groups.Add(request.Name);
                    break;
                case "UserExtra":
                    if (!extra.TryGetValue(request.ExtraKey!, out var values))
                    {
                        extra[request.ExtraKey!] = values = [];
                    }

                    values.Add(request.Name);
                    break;
                case "UID":
                    uid = request.Name;
                    break;
            }
        }

        if (name != UserInfo.AnonymousName)
        {
            if (!groups.Contains(UserInfo.AuthenticatedGroup) && !groups.Contains(UserInfo.UnauthenticatedGroup))
            {
                groups.Add(UserInfo.AuthenticatedGroup);
            }
        }
        else if (!groups.Contains(UserInfo.UnauthenticatedGroup))
        {
            groups.Add(UserInfo.UnauthenticatedGroup);
        }

        RemoveHeaders(headers);
        return new UserInfo(name, uid, groups, extra.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>The requests in the order upstream checks them: user, groups, extras, uid.</summary>
    private static List<ImpersonationRequest> Read(IHeaderDictionary headers)
    {
        var requests = new List<ImpersonationRequest>();
        var user = headers[ImpersonationRequest.UserHeader].FirstOrDefault();
        var hasUser = !string.IsNullOrEmpty(user);
        if (hasUser)
        {
            requests.Add(ImpersonationRequest.ForUser(user!));
        }

        var hasOthers = false;
        foreach (var group in headers[ImpersonationRequest.GroupHeader])
        {
            hasOthers = true;
            requests.Add(ImpersonationRequest.ForGroup(group ?? string.Empty));
        }

        foreach (var header in headers)
        {
            if (!header.Key.StartsWith(ImpersonationRequest.ExtraHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            hasOthers = true;
            var key = ExtraKey(header.Key[ImpersonationRequest.ExtraHeaderPrefix.Length..]);
            foreach (var value in header.Value)
            {
                requests.Add(ImpersonationRequest.ForExtra(key, value ?? string.Empty));
            }
        }

        var uid = headers[ImpersonationRequest.UidHeader].FirstOrDefault();
        if (!string.IsNullOrEmpty(uid))
        {
            hasOthers = true;
            requests.Add(ImpersonationRequest.ForUid(uid));
        }

        if (hasOthers && !hasUser)
        {
            // Upstream answers this with an internal error (500), not 400: the check sits in a filter that has only
            // that response for malformed impersonation.
            var message = "requested [" + string.Join(' ', requests) + "] without impersonating a user";
            throw new StatusException(new V1Status
            {
                ApiVersion = "v1",
                Kind = "Status",
                Metadata = new V1ListMeta(),
                Status = "Failure",
                Code = (int)HttpStatusCode.InternalServerError,
                Reason = "InternalError",
                Message = "Internal error occurred: " + message,
                Details = new V1StatusDetails { Causes = [new V1StatusCause { Message = message }] },
            });
        }

        return requests;
    }

    /// <summary>Header names are case-insensitive, so keys are lower-cased; keys with characters headers cannot carry arrive percent-encoded.</summary>
    private static string ExtraKey(string encoded)
    {
        // A malformed escape stays as it came, as upstream keeps it.
        return Uri.UnescapeDataString(encoded.ToLowerInvariant());
    }

    private static void RemoveHeaders(IHeaderDictionary headers)
    {
        var names = headers.Keys.Where(k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var name in names)
        {
            headers.Remove(name);
        }
    }
}
