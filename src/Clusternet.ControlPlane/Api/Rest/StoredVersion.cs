using System.Globalization;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>Reads of storage-owned metadata.</summary>
internal static class StoredVersion
{
    /// <summary>The stored object's resourceVersion as the number storage compares.</summary>
    public static long Of(JsonObject obj) =>
        long.TryParse(JsonFields.String(obj, "metadata", "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;
}
