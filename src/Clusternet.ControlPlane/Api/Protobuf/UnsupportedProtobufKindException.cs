namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// A well-formed protobuf envelope whose <c>apiVersion</c>/<c>kind</c> has no message decoder here. kube-apiserver refuses
/// protobuf for types it cannot decode, and so do we: the API layer answers 415 <c>UnsupportedMediaType</c>.
/// </summary>
internal sealed class UnsupportedProtobufKindException : Exception
{
    /// <summary>Creates the exception for the envelope's type.</summary>
    /// <param name="apiVersion">The envelope's apiVersion, e.g. <c>apps/v1</c>.</param>
    /// <param name="kind">The envelope's kind, e.g. <c>StatefulSet</c>.</param>
    public UnsupportedProtobufKindException(string apiVersion, string kind)
        : base($"the body of the request was in an unknown format: protobuf is not supported for kind \"{kind}\" of \"{apiVersion}\"; send application/json")
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    /// <summary>The envelope's apiVersion.</summary>
    public string ApiVersion { get; }

    /// <summary>The envelope's kind.</summary>
    public string Kind { get; }
}
