"""Test fixtures for the checkpoint readers (CheckpointParityTest): run with Debian's /usr/bin/python3 and its
python3-torch / python3-torchvision packages. Writes into the folder given as the only argument:

  resnet18_sd.pth, resnet18_module.pth, resnet18_legacy.pth   a randomly initialised torchvision ResNet-18 (7 classes)
                                                               with random BN statistics: state dict, whole module,
                                                               legacy (non-zip) state dict
  x.npy, resnet18_logits.npy                                   random NCHW inputs and PyTorch's eval-mode logits
  b2_timm.pth                                                  a state dict with timm tf_efficientnet_b2_ns names and
                                                               shapes (timm itself is not packaged; values random)
  b2_backbone.pth, b2_classifier.pth                           the same split as the official repository's files
  evil.pth                                                     a checkpoint whose pickle calls os.system
"""
import collections
import copy
import os
import sys

import numpy as np
import torch
import torchvision

out = sys.argv[1]
torch.manual_seed(0)

m = torchvision.models.resnet18(num_classes=7)
with torch.no_grad():
    for mod in m.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.2, 0.2)
            mod.running_var.uniform_(0.5, 1.5)
            mod.weight.uniform_(0.5, 1.5)
            mod.bias.uniform_(-0.1, 0.1)
            mod.num_batches_tracked.fill_(7)
m.eval()
torch.save(m.state_dict(), os.path.join(out, "resnet18_sd.pth"))
torch.save(m, os.path.join(out, "resnet18_module.pth"))
torch.save(m.state_dict(), os.path.join(out, "resnet18_legacy.pth"), _use_new_zipfile_serialization=False)
x = torch.randn(3, 3, 64, 64)
with torch.no_grad():
    logits = m(x)
np.save(os.path.join(out, "x.npy"), x.numpy().astype(np.float32))
np.save(os.path.join(out, "resnet18_logits.npy"), logits.numpy().astype(np.float32))

# timm tf_efficientnet_b2_ns: stages (out channels, repeats, kernel, stride, expansion)
stages = [(16, 2, 3, 1, 1), (24, 3, 3, 2, 6), (48, 3, 5, 2, 6), (88, 4, 3, 2, 6), (120, 4, 5, 1, 6), (208, 5, 5, 2, 6),
          (352, 2, 3, 1, 6)]
sd = collections.OrderedDict()


def bn(name, c):
    sd[name + ".weight"] = torch.rand(c) + 0.5
    sd[name + ".bias"] = torch.randn(c) * 0.1
    sd[name + ".running_mean"] = torch.randn(c) * 0.1
    sd[name + ".running_var"] = torch.rand(c) + 0.5
    sd[name + ".num_batches_tracked"] = torch.tensor(3)


def conv(name, o, i, k):
    sd[name + ".weight"] = torch.randn(o, i, k, k) * 0.05


def squeeze_excite(name, c, reduced):
    conv(name + ".conv_reduce", reduced, c, 1)
    sd[name + ".conv_reduce.bias"] = torch.randn(reduced) * 0.1
    conv(name + ".conv_expand", c, reduced, 1)
    sd[name + ".conv_expand.bias"] = torch.randn(c) * 0.1


conv("conv_stem", 32, 3, 3)
bn("bn1", 32)
cin = 32
for s, (co, reps, k, stride, e) in enumerate(stages):
    for r in range(reps):
        n = "blocks.%d.%d" % (s, r)
        se = max(1, int(cin * 0.25))
        if e == 1:
            conv(n + ".conv_dw", cin, 1, k)
            bn(n + ".bn1", cin)
            squeeze_excite(n + ".se", cin, se)
            conv(n + ".conv_pw", co, cin, 1)
            bn(n + ".bn2", co)
        else:
            mid = cin * e
            conv(n + ".conv_pw", mid, cin, 1)
            bn(n + ".bn1", mid)
            conv(n + ".conv_dw", mid, 1, k)
            bn(n + ".bn2", mid)
            squeeze_excite(n + ".se", mid, se)
            conv(n + ".conv_pwl", co, mid, 1)
            bn(n + ".bn3", co)
        cin = co
conv("conv_head", 1408, 352, 1)
bn("bn2", 1408)
sd["classifier.weight"] = torch.randn(7, 1408) * 0.02
sd["classifier.bias"] = torch.randn(7) * 0.02
torch.save(sd, os.path.join(out, "b2_timm.pth"))

index = {"conv_stem": "0", "bn1": "1", "blocks": "3", "conv_head": "4", "bn2": "5"}
backbone = collections.OrderedDict()
for k, v in sd.items():
    head = k.split(".")[0]
    if head != "classifier":
        backbone[index[head] + k[len(head):]] = v
torch.save(backbone, os.path.join(out, "b2_backbone.pth"))
torch.save(collections.OrderedDict(weight=sd["classifier.weight"], bias=sd["classifier.bias"]),
           os.path.join(out, "b2_classifier.pth"))


class Evil:
    def __reduce__(self):
        return (os.system, ("touch " + os.path.join(out, "PWNED"),))


torch.save({"weights": torch.zeros(2), "payload": Evil()}, os.path.join(out, "evil.pth"))


# ONNX: exported in training mode without constant folding, BatchNorm stays a node with its state-dict initialisers;
# the default eval-mode export folds it into the convolutions (initialisers named like onnx::Conv_193)
# (a training-mode export runs one training forward, which updates the BN statistics it then writes: on a copy with
# momentum 0 they stay the model's)
frozen = copy.deepcopy(m)
for mod in frozen.modules():
    if isinstance(mod, torch.nn.BatchNorm2d):
        mod.momentum = 0.0
torch.onnx.export(frozen, x[:1], os.path.join(out, "resnet18_bn.onnx"), training=torch.onnx.TrainingMode.TRAINING,
                  do_constant_folding=False, opset_version=13)
torch.onnx.export(copy.deepcopy(m).eval(), x[:1], os.path.join(out, "resnet18_folded.onnx"), opset_version=13)
print("onnx ok")
