namespace CzPick.Core.Scoring;

/// <summary>The competition's counts and F-beta for one particle type, summed over every run.</summary>
/// <param name="Particle">The particle type.</param>
/// <param name="Weight">Its weight in the score.</param>
/// <param name="TruePositives">Distinct reference particles hit by at least one pick.</param>
/// <param name="FalsePositives">
/// Picks minus true positives, as the competition counts them. It is negative when one pick hits several references,
/// which only happens when two references of a type lie closer than their radius.
/// </param>
/// <param name="FalseNegatives">References minus true positives.</param>
/// <param name="Precision">TP / (TP + FP); 0 when there are no picks.</param>
/// <param name="Recall">TP / (TP + FN); 0 when there are no references.</param>
/// <param name="FBeta">(1 + β²)·P·R / (β²·P + R); 0 when P + R is 0.</param>
public sealed record ClassScore(
    string Particle,
    double Weight,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    double Precision,
    double Recall,
    double FBeta);
