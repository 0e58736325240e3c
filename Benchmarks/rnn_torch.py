"""PyTorch side of `nabla bench rnn`: training throughput of the recurrent networks Nabla benchmarks,
built the same way. A character model (embedding 65 -> 64, one LSTM(256) or GRU(256) layer, dense
256 -> 65) on batches of 32 sequences of 100 characters, and `nabla train --model lstm:128`'s network
(LSTM(128) over the 28 rows of a 28x28 image, dense 128 -> 10) at batch 64; one training step is
forward, backward and an Adam step. Prints `<LSTM tokens/s> <GRU tokens/s> <row-by-row LSTM samples/s>`
(best of 3 rounds, on the wall clock or, with `--clock processor`, on the process's processor time)."""
import argparse
import time

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--clock", choices=["wall", "processor"], default="wall",
                    help="wall: elapsed time; processor: processor time of all threads")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)

VOCABULARY, EMBEDDING, HIDDEN, BATCH, LENGTH = 65, 64, 256, 32, 100


class CharacterModel(nn.Module):
    def __init__(self, recurrent):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, EMBEDDING)
        self.recurrent = recurrent
        self.readout = nn.Linear(HIDDEN, VOCABULARY)

    def forward(self, indices):
        outputs, _ = self.recurrent(self.embedding(indices))
        return self.readout(outputs)


class RowModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.recurrent = nn.LSTM(28, 128, batch_first=True)
        self.readout = nn.Linear(128, 10)

    def forward(self, images):
        outputs, _ = self.recurrent(images)
        return self.readout(outputs[:, -1])


def seconds_per_step(model, inputs, targets, iterations=5, rounds=3):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = nn.CrossEntropyLoss()
    clock = time.process_time if args.clock == "processor" else time.perf_counter
    best = float("inf")
    for _ in range(rounds):
        start = clock()
        for _ in range(iterations):
            optimizer.zero_grad()
            logits = model(inputs)
            loss_function(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)).backward()
            optimizer.step()
        best = min(best, (clock() - start) / iterations)
    return best


characters = torch.randint(0, VOCABULARY, (BATCH, LENGTH))
next_characters = torch.randint(0, VOCABULARY, (BATCH, LENGTH))
tokens = BATCH * LENGTH
lstm = tokens / seconds_per_step(CharacterModel(nn.LSTM(EMBEDDING, HIDDEN, batch_first=True)), characters, next_characters)
gru = tokens / seconds_per_step(CharacterModel(nn.GRU(EMBEDDING, HIDDEN, batch_first=True)), characters, next_characters)
rows = 64 / seconds_per_step(RowModel(), torch.randn(64, 28, 28), torch.arange(64) % 10)
print(f"{lstm:.1f} {gru:.1f} {rows:.1f}")
