extension Dataset {
    /// The dataset cut at random into a training part and a validation part holding
    /// `validationFraction` of the samples (rounded), drawn from a generator seeded with `seed`.
    ///
    /// ```swift
    /// let (training, validation) = fullTrainingSet.split(validationFraction: 0.1, seed: 1)
    /// ```
    public func split(validationFraction: Double, seed: UInt64 = 0) -> (training: DatasetSubset, validation: DatasetSubset) {
        require(validationFraction >= 0 && validationFraction <= 1,
                "split: validationFraction \(validationFraction) is outside [0, 1]")
        var order = Array(0..<count)
        var generator = RandomGenerator(seed: seed)
        generator.shuffle(&order)
        let validationCount = Int((Double(count) * validationFraction).rounded())
        return (DatasetSubset(self, indices: Array(order[validationCount...])),
                DatasetSubset(self, indices: Array(order[..<validationCount])))
    }
}
