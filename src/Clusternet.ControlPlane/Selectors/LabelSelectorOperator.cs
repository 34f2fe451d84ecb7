namespace Clusternet.ControlPlane.Selectors;

/// <summary>How a label requirement relates its key to its values.</summary>
public enum LabelSelectorOperator
{
    /// <summary><c>k=v</c>: the label is present and equals the value.</summary>
    Equals,

    /// <summary><c>k==v</c>: the same as <see cref="Equals"/>, kept apart only so the selector prints back as written.</summary>
    DoubleEquals,

    /// <summary><c>k!=v</c>: the label is absent or differs from the value.</summary>
    NotEquals,

    /// <summary><c>k in (a,b)</c>: the label is present and one of the values.</summary>
    In,

    /// <summary><c>k notin (a,b)</c>: the label is absent or none of the values.</summary>
    NotIn,

    /// <summary><c>k</c>: the label is present, whatever its value.</summary>
    Exists,

    /// <summary><c>!k</c>: the label is absent.</summary>
    DoesNotExist,

    /// <summary><c>k&gt;5</c>: the label is present, an integer, and greater than the value.</summary>
    GreaterThan,

    /// <summary><c>k&lt;5</c>: the label is present, an integer, and less than the value.</summary>
    LessThan,
}
