using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Security.Certificates;
using Clusternet.ControlPlane.Security.Tokens;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// The authentication of one instance, composed: static tokens, client certificates from the instance CA, service
/// account tokens, bootstrap tokens (in that order; the first that accepts the request decides), and the APIs built on
/// them — TokenReview, SelfSubjectReview and TokenRequest. It owns the service account signing key.
/// </summary>
internal sealed class BuiltInAuthentication : IDisposable
{
    private readonly IObjectStore store;
    private readonly CertificateAuthority authority;
    private readonly TimeProvider time;
    private readonly long maxBodyBytes;
    private IReadOnlyList<ICreateOnlyEndpoint>? endpoints;

    private BuiltInAuthentication(ServiceAccountKey key, IObjectStore store, CertificateAuthority authority, TimeProvider time, long maxBodyBytes)
    {
        this.store = store;
        this.authority = authority;
        this.time = time;
        this.maxBodyBytes = maxBodyBytes;
        ServiceAccountTokens = new ServiceAccountTokenIssuer(key, time);
    }

    /// <summary>Issues service account tokens; the token controller signs Secret tokens with it (<see cref="IServiceAccountTokenSigner"/>).</summary>
    public ServiceAccountTokenIssuer ServiceAccountTokens { get; }

    /// <summary>The API audiences: what a request to this server is addressed to.</summary>
    public static IReadOnlyList<string> ApiAudiences => ServiceAccountTokenIssuer.ApiAudiences;

    /// <summary>TokenReview, SelfSubjectReview and TokenRequest; available once <see cref="CreateChain"/> has run.</summary>
    public IReadOnlyList<ICreateOnlyEndpoint> Endpoints => endpoints ?? throw new InvalidOperationException("CreateChain has not run");

    /// <summary>Loads (or makes) the signing key: <c>pki/sa.key</c> in the data directory, or a fresh one in memory.</summary>
    public static async Task<BuiltInAuthentication> CreateAsync(
        string? dataDirectory, IObjectStore store, CertificateAuthority authority, TimeProvider time, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var key = await ServiceAccountKey.LoadOrCreateAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        return new BuiltInAuthentication(key, store, authority, time, maxBodyBytes);
    }

    /// <summary>The authentication stage, with <paramref name="staticTokens"/> first.</summary>
    public AuthenticationChain CreateChain(IEnumerable<KeyValuePair<string, UserInfo>> staticTokens, bool allowAnonymous)
    {
        var fixedTokens = new AudienceAgnosticTokenAuthenticator(new StaticTokenAuthenticator(staticTokens), ApiAudiences);
        var serviceAccounts = new ServiceAccountTokenAuthenticator(store, ServiceAccountTokens.Key, ApiAudiences, time);
        var bootstrap = new AudienceAgnosticTokenAuthenticator(new BootstrapTokenAuthenticator(store, time), ApiAudiences);
        var signedTokens = new TokenAuthenticators([serviceAccounts, bootstrap]);
        endpoints =
        [
            new TokenReviewEndpoint(new TokenAuthenticators([fixedTokens, serviceAccounts, bootstrap]), ApiAudiences, maxBodyBytes),
            new SelfSubjectReviewEndpoint(time, maxBodyBytes),
            new TokenRequestEndpoint(store, ServiceAccountTokens, maxBodyBytes),
        ];
        return new AuthenticationChain(
            [
                new BearerTokenAuthenticator(fixedTokens, ApiAudiences),
                new ClientCertificateAuthenticator(authority, time),
                new BearerTokenAuthenticator(signedTokens, ApiAudiences),
            ],
            allowAnonymous);
    }

    public void Dispose() => ServiceAccountTokens.Key.Dispose();
}
