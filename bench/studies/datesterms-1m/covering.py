import sys
def buckets(first,last):
    e=[];d=first
    while d<=last:
        if d%1024==0 and d+1023<=last: e.append(-1000000000+(d>>10)); d+=1024
        elif d%32==0 and d+31<=last: e.append(1000000000+(d>>5)); d+=32
        else: e.append(d); d+=1
    return e
f,l=int(sys.argv[1]),int(sys.argv[2])
print('{'+','.join(map(str,buckets(f,l)))+'}')
