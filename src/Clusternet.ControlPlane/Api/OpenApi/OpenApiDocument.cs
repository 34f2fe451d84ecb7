namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>A serialized OpenAPI document and the hash that names its content.</summary>
/// <param name="Content">The UTF-8 JSON body (or, for the v2 protobuf form, the protobuf bytes).</param>
/// <param name="Hash">Upper-case hex SHA-512 of <paramref name="Content"/>, as kube-apiserver puts in the v3 index's <c>?hash=</c>.</param>
public sealed record OpenApiDocument(byte[] Content, string Hash)
{
    /// <summary>A strong ETag for the response; kubectl's HTTP cache revalidates with it.</summary>
    public string ETag => "\"" + Hash + "\"";
}
