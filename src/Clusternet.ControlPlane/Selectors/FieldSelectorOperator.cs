namespace Clusternet.ControlPlane.Selectors;

/// <summary>How a field requirement compares a field with its value.</summary>
public enum FieldSelectorOperator
{
    /// <summary><c>f=v</c> or <c>f==v</c>: the field equals the value.</summary>
    Equals,

    /// <summary><c>f!=v</c>: the field differs from the value.</summary>
    NotEquals,
}
