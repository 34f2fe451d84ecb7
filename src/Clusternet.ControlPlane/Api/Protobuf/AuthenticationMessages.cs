namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// Descriptors of the authentication.k8s.io/v1 request messages kubectl sends as protobuf (<c>kubectl auth whoami</c>,
/// <c>kubectl create token</c>) — k8s.io/api authentication/v1 generated.proto; the status halves are never sent.
/// </summary>
internal static class AuthenticationMessages
{
    /// <summary><c>BoundObjectReference</c>.</summary>
    public static readonly MessageDescriptor BoundObjectReference = new MessageDescriptor("BoundObjectReference")
        .String(1, "kind")
        .String(2, "apiVersion")
        .String(3, "name")
        .String(4, "uid");

    /// <summary><c>TokenRequest</c>; <c>expirationSeconds</c> is a pointer in Go, so a sent 0 is kept.</summary>
    public static readonly MessageDescriptor TokenRequest = new MessageDescriptor("TokenRequest")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", new MessageDescriptor("TokenRequestSpec")
            .Strings(1, "audiences")
            .Int64(4, "expirationSeconds", keepZero: true)
            .Message(3, "boundObjectRef", BoundObjectReference));

    /// <summary><c>TokenReview</c>.</summary>
    public static readonly MessageDescriptor TokenReview = new MessageDescriptor("TokenReview")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", new MessageDescriptor("TokenReviewSpec")
            .String(1, "token")
            .Strings(2, "audiences"));

    /// <summary><c>SelfSubjectReview</c>: only its metadata is ever sent.</summary>
    public static readonly MessageDescriptor SelfSubjectReview = new MessageDescriptor("SelfSubjectReview")
        .Message(1, "metadata", MetaMessages.ObjectMeta);
}
