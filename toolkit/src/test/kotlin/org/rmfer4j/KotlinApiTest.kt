package org.rmfer4j

import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.rmfer4j.core.RmferException
import org.rmfer4j.data.Datasets
import org.rmfer4j.data.FaceDataset
import org.rmfer4j.eval.ConfusionMatrix
import org.rmfer4j.eval.Evaluator
import org.rmfer4j.loss.ReferenceMath
import org.rmfer4j.loss.SelfMask
import org.rmfer4j.model.Backbone
import org.rmfer4j.model.RmferModel
import org.rmfer4j.plot.Charts
import org.rmfer4j.synth.SynthFer
import org.rmfer4j.train.AclSampler
import org.rmfer4j.train.TrainConfig
import org.rmfer4j.train.TrainSplits
import org.rmfer4j.train.Trainer

/**
 * The public API as a Kotlin user meets it: builders read naturally, lambdas convert to Java functional interfaces,
 * nullable values (JSpecify @Nullable) are Kotlin nullable types, errors are unchecked, models close with `use`.
 */
class KotlinApiTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun buildersLoadersLossesAndChartsFromKotlin() {
        val synth = SynthFer.builder().setOut(dir.resolve("synth")).optSizes(35, 14).optImageSize(32).optSeed(1).build()
            .write { }
        val train: FaceDataset = Datasets.load(synth.manifest().toString(), synth.root(), "train")
        assertEquals(35, train.size())

        val config = TrainConfig.builder()
            .setDataset(synth.manifest().toString())
            .setDatasetRoot(synth.root())
            .optBackbone(Backbone.SMALL_CNN)
            .optInputSize(32)
            .optEpochs(1, 0)
            .optSelfMask(SelfMask.OFFICIAL)
            .optWindow(AclSampler.Window.OFFICIAL)
            .build()
        // JSpecify @Nullable: Kotlin sees String? and makes the caller handle null
        val rmset: String? = config.data().rmsetRoot()
        assertNull(rmset)
        assertEquals(0.0, config.acl().lambda2())
        assertEquals(0.2, config.with(mapOf("acl.gamma" to "0.2")).acl().gamma())

        // the paper's worked ACL example (official-code-facts §5.3)
        val acl = ReferenceMath.aclLoss(doubleArrayOf(0.9, 0.5), doubleArrayOf(0.2, -0.1, -0.4), 0.25)
        assertEquals(0.0680548, acl, 1e-6)

        val cm = ConfusionMatrix.of(train.classOrder(), intArrayOf(0, 1), intArrayOf(0, 0))
        assertEquals(0.5, cm.overallAccuracy())
        val chart = Charts.confusion("from Kotlin", cm)
        assertEquals("from Kotlin", chart.title)

        RmferModel.create(config.modelConfig(train.classOrder())).use { model ->
            val p = Evaluator.classify(model, train.get(0).image().load(), TrainSplits.evalPreprocessor(config, train))
            assertEquals(train.classOrder().size(), p.probabilities().size)
        }

        // bad input is an unchecked RmferException with a message naming the field: no try/catch forced on Kotlin
        val e = runCatching { config.with(mapOf("lamda2" to "1")) }.exceptionOrNull()
        assertTrue(e is RmferException && e.message!!.contains("lamda2"))
    }
}
