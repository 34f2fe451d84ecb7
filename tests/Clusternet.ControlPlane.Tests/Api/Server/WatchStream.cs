using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>A raw watch over HTTP: one event per line, read as they arrive.</summary>
public sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public static async Task<WatchStream> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event as (type, object); null when the server ended the stream.</summary>
    public async Task<(string Type, JsonObject Object)?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = await reader.ReadLineAsync(timeout.Token);
        if (line is null)
        {
            return null;
        }

        var node = JsonNode.Parse(line)!.AsObject();
        return ((string)node["type"]!, node["object"]!.AsObject());
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
