namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// A protobuf request body that cannot be decoded: a missing <c>k8s\0</c> prefix, a truncated varint, a length that runs past
/// the end of its message, a wire type a known field cannot have. The API layer answers it with a 400 <c>BadRequest</c> Status
/// whose message is <see cref="Exception.Message"/>.
/// </summary>
internal sealed class ProtobufDecodeException : Exception
{
    /// <summary>Creates the exception with a message ready for a Status.</summary>
    /// <param name="message">What is wrong with the body, where.</param>
    public ProtobufDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message ready for a Status and the error that revealed it.</summary>
    /// <param name="message">What is wrong with the body, where.</param>
    /// <param name="innerException">The error that revealed it.</param>
    public ProtobufDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
