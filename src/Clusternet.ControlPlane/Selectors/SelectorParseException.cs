namespace Clusternet.ControlPlane.Selectors;

/// <summary>
/// A label or field selector that cannot be parsed or is not allowed. <see cref="Exception.Message"/> is the text
/// kube-apiserver puts in the 400 <c>BadRequest</c> Status it answers with, so it can be sent as is.
/// </summary>
public sealed class SelectorParseException : FormatException
{
    /// <summary>Creates the exception with the message for the Status.</summary>
    /// <param name="message">The explanation, worded as kube-apiserver words it.</param>
    public SelectorParseException(string message)
        : base(message)
    {
    }
}
