using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Delegated authentication, as a k8s.io/apiserver extension server does it, without its anonymous fallback:
/// <list type="number">
/// <item>a client certificate that chains to the parent's requestheader CA (and carries an allowed name) makes the
/// <c>X-Remote-User</c>/<c>-Group</c>/<c>-Extra-*</c> headers the caller's identity — those headers are ignored on any
/// other request, so nobody can claim an identity by writing them;</item>
/// <item>otherwise a bearer token is reviewed by the parent (TokenReview);</item>
/// <item>otherwise the request is anonymous, and the caller answers 401 (upstream lets anonymous through to authorization).</item>
/// </list>
/// </summary>
internal sealed class HubAuthenticator
{
    private readonly IKubernetes _parent;
    private readonly ClusternetHubOptions _options;
    private readonly ILogger _logger;
    private readonly ReviewCache<HubUser?> _tokens;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private RequestHeaderConfiguration? _requestHeader;
    private long _requestHeaderLoaded = long.MinValue;

    public HubAuthenticator(IKubernetes parent, ClusternetHubOptions options, ILogger logger)
    {
        _parent = parent;
        _options = options;
        _logger = logger;
        _tokens = new ReviewCache<HubUser?>(options.TimeProvider, options.ReviewCacheDuration);
    }

    /// <summary>The authenticated caller, or null for an anonymous or unauthenticatable request.</summary>
    public async ValueTask<HubUser?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var certificate = context.Connection.ClientCertificate;
        if (certificate is not null)
        {
            var requestHeader = await GetRequestHeaderAsync(cancellationToken).ConfigureAwait(false);
            if (requestHeader is not null && requestHeader.Trusts(certificate))
            {
                var user = FromHeaders(context.Request.Headers, requestHeader);
                if (user is not null)
                {
                    return user;
                }
            }
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > bearer.Length)
        {
            return await ReviewTokenAsync(authorization[bearer.Length..].Trim(), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The front-proxy settings, re-read when older than the refresh interval; the last good copy when the parent cannot be read.</summary>
    public async ValueTask<RequestHeaderConfiguration?> GetRequestHeaderAsync(CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        if (_requestHeaderLoaded != long.MinValue && time.GetElapsedTime(_requestHeaderLoaded) < _options.RequestHeaderRefreshInterval)
        {
            return _requestHeader;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_requestHeaderLoaded != long.MinValue && time.GetElapsedTime(_requestHeaderLoaded) < _options.RequestHeaderRefreshInterval)
            {
                return _requestHeader;
            }

            try
            {
                var configMap = await _parent.CoreV1.ReadNamespacedConfigMapAsync(
                    RequestHeaderConfiguration.ConfigMapName, RequestHeaderConfiguration.ConfigMapNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                _requestHeader = RequestHeaderConfiguration.FromConfigMapData(configMap.Data);
                _requestHeaderLoaded = time.GetTimestamp();
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or CryptographicException or System.Text.Json.JsonException)
            {
                HubLog.RequestHeaderUnavailable(_logger, e);
            }

            return _requestHeader;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static HubUser? FromHeaders(IHeaderDictionary headers, RequestHeaderConfiguration configuration)
    {
        var name = configuration.UserHeaders.Select(h => headers[h].ToString()).FirstOrDefault(v => v.Length > 0);
        if (name is null)
        {
            return null;
        }

        var groups = configuration.GroupHeaders.SelectMany(h => headers[h].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)).ToList();
        var extras = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            foreach (var prefix in configuration.ExtraPrefixes)
            {
                if (header.Key.Length > prefix.Length && header.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    // The key is percent-encoded by the front proxy and compared lower-cased, as k8s.io/apiserver does.
                    var key = Uri.UnescapeDataString(header.Key[prefix.Length..]).ToLowerInvariant();
                    var values = header.Value.Where(v => v is not null).Select(v => v!).ToList();
                    extras[key] = extras.TryGetValue(key, out var existing) ? [.. existing, .. values] : values;
                }
            }
        }

        return new HubUser(name, null, groups, extras);
    }

    private async ValueTask<HubUser?> ReviewTokenAsync(string token, CancellationToken cancellationToken)
    {
        // Cached by a hash, so tokens do not sit in memory longer than the request that carried them.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        return await _tokens.GetOrReviewAsync(key, reviewToken => ReviewAsync(token, reviewToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<HubUser?> ReviewAsync(string token, CancellationToken cancellationToken)
    {
        var review = await _parent.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        HubUser? user = null;
        if (review.Status is { Authenticated: true, User.Username: { Length: > 0 } username })
        {
            var info = review.Status.User;
            var extras = (info.Extra ?? new Dictionary<string, IList<string>>())
                .ToDictionary(e => e.Key.ToLowerInvariant(), e => (IReadOnlyList<string>)[.. e.Value], StringComparer.Ordinal);
            user = new HubUser(username, info.Uid, [.. info.Groups ?? []], extras);
        }

        return user;
    }
}
