namespace Clusternet.ControlPlane.Selectors;

/// <summary>One condition of a field selector.</summary>
/// <param name="Field">The field label, e.g. <c>metadata.name</c> or <c>spec.nodeName</c>.</param>
/// <param name="Operator">Equality or inequality.</param>
/// <param name="Value">The value compared with, unescaped.</param>
public sealed record FieldRequirement(string Field, FieldSelectorOperator Operator, string Value)
{
    /// <summary>The requirement in selector syntax: <c>f=v</c> or <c>f!=v</c>, the value escaped.</summary>
    public override string ToString() =>
        Field + (Operator == FieldSelectorOperator.Equals ? "=" : "!=") + FieldSelector.EscapeValue(Value);
}
