namespace Clusternet.Redirection;

/// <summary>Rewrites each request's path with <see cref="ShadowPaths.Rewrite"/>; headers, query and body are untouched, as upstream's wrapper leaves them.</summary>
internal sealed class ShadowRedirectingHandler(string hostPrefix) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            var path = ShadowPaths.Rewrite(uri.AbsolutePath, hostPrefix);
            if (!string.Equals(path, uri.AbsolutePath, StringComparison.Ordinal))
            {
                request.RequestUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + path + uri.Query);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
